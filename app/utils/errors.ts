/** A validation problem on one form field, reported to the form in Spanish. */
export class FieldError extends Error {
  constructor(
    public field: string,
    message: string,
  ) {
    super(message);
    this.name = "FieldError";
  }
}
