/** A benchmark that cannot give trustworthy figures (a measurement disagrees with the corpus, bad options…). */
export class BenchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchError';
  }
}
