// Errors a user can cause. The CLI prints their message as one line and exits with code 2.
export class CgesError extends Error {
  override readonly name = 'CgesError';
}
