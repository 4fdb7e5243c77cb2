import { noDataExfiltrationOnAll } from './no-data-exfiltration-on-all.js';

export default noDataExfiltrationOnAll('user');
