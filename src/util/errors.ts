// Errors a user can cause. The CLI prints their message as one line and exits with `exitCode`
// (2, or 130 for a run the user interrupted).
export class CgesError extends Error {
  override readonly name = 'CgesError';

  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
