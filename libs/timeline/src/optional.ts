import { ValidateIf } from 'class-validator';

// Like @IsOptional, but only for absent fields: an explicit null is still validated (and refused).
export const Absent = () => ValidateIf((_, value) => value !== undefined);
