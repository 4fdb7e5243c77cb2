import { passRoleRestricted } from './passrole-restricted.js';

export default passRoleRestricted('user');
