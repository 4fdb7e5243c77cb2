import { noUnscopedWrite } from './no-unscoped-write.js';

export default noUnscopedWrite('user');
