/** A control operation that cannot apply: unknown object, or input the tenant would refuse. */
export class SandboxControlError extends Error {
  readonly kind: "not_found" | "invalid";

  constructor(kind: "not_found" | "invalid", message: string) {
    super(message);
    this.name = "SandboxControlError";
    this.kind = kind;
  }
}

export const controlNotFound = (what: string, id: string) =>
  new SandboxControlError("not_found", `${what} '${id}' does not exist in the sandbox tenant.`);

export const controlInvalid = (message: string) => new SandboxControlError("invalid", message);
