// OAuth scopes come in `x:read` / `x:read-write` pairs; read-write implies read (notes §1).

export const ALL_READ_SCOPES: readonly string[] = [
  'user_management',
  'record_permission',
  'object_configuration',
  'list_entry',
  'list_configuration',
  'public_collection',
  'private_collection',
  'comment',
  'task',
  'note',
  'meeting',
  'call_recording',
  'webhook',
  'file',
  'email',
  'activity_configuration',
  'activity_record',
  'sequence_unsubscribe',
].map((area) => `${area}:read`);

/** The required scopes that `granted` does not cover. */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((scope) => {
    if (have.has(scope)) return false;
    return !(scope.endsWith(':read') && have.has(`${scope}-write`));
  });
}
