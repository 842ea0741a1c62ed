/** An admin upload that cannot become a prompt; the message says what is wrong with the file. */
export class PromptUploadError extends Error {
  readonly code = 'IVR_PROMPT_UPLOAD_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PromptUploadError';
  }
}
