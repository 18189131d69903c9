// Prints vitest's JSON report as the plain closing line CI understands: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';
const path = process.argv[2];
if (!path || !existsSync(path)) {
  console.log('tests: no vitest report found');
  process.exit(0);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
