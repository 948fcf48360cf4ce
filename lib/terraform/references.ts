/**
 * References to what is not declared, found as `terraform validate` finds them: in every
 * expression of resource, data, locals and output blocks, whether or not the model reads it.
 */
import { ValidationError } from "../core/errors";

/** A reference to a variable, local, resource or data source the configuration does not declare. */
export class UndeclaredReference extends ValidationError {}
