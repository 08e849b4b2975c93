/** @module errors  Error class with stable `SWB_ERR_*` codes; see docs/ERRORS.md. */
export { ERROR_CODES, type ErrorCode } from './codes.js';
export { SwitchboardError, toSwitchboardError } from './switchboard-error.js';
