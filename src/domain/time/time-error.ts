/** The one error class for unreadable time input (instants, dates, quarters, offsets, deadlines). */

/** Thrown when a date, instant, offset or deadline cannot be read; `input` is the text as given. */
export class TimeInputError extends Error {
  override readonly name = 'TimeInputError';
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
  }
}
