import { inspect } from 'node:util';

/**
 * A credential that cannot be logged by accident: printing, string
 * interpolation, JSON and `util.inspect` all show `[redacted]`. Only
 * `reveal()`, called where the credential is handed to a client, gives it.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}
