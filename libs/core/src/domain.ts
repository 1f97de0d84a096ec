// core's Nest-free entry point (`@liveline/core/domain`): what entities and feature exceptions need,
// loadable by unit specs and pure code without pulling in Nest (whose packages are ESM-only).
export { DomainException, STATUS_OF_KIND } from './errors/domain.exception';
export { bigintAsNumber, isUniqueViolation } from './database/column-types';
