import { noPrivilegeEscalation } from './no-privilege-escalation.js';

export default noPrivilegeEscalation('user');
