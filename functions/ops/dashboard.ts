import { app } from '@azure/functions';
import { serveDashboardAsset, serveDashboardPage } from '../../shared/dashboard/serveDashboard';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';

// GET /api/dashboard/{*path}: the dashboard (investigations, approvals, incidents) over the ops API;
// GET /api/dashboard/assets/{name}: its scripts and styles, which hold no data.
app.http('dashboard', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'dashboard/{*path}', handler: withOpsAuth(serveDashboardPage, 'page') });
app.http('dashboardAsset', { methods: ['GET'], authLevel: 'anonymous', route: 'dashboard/assets/{name}', handler: serveDashboardAsset });

export { serveDashboardPage, serveDashboardAsset };
