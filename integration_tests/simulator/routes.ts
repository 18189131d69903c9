// Every route the simulator serves, in matching order (literal segments before parameters).
import type { Route } from './route.js';
import { activityRoutes } from './routes-activity.js';
import { fileAndViewRoutes } from './routes-files-views.js';
import { recordRoutes } from './routes-records.js';
import { schemaRoutes } from './routes-schema.js';

export const ROUTES: readonly Route[] = [...schemaRoutes, ...recordRoutes, ...activityRoutes, ...fileAndViewRoutes];
