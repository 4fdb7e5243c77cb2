import { noAdminAccess } from './no-admin-access.js';

export default noAdminAccess('user');
