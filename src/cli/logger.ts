import { pino, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

/** Structured logs on stderr: pretty on a terminal, JSON lines otherwise (stdout stays for output). */
export function createLogger(options: { level?: string } = {}): Logger {
  const level = options.level ?? process.env.RELAIS_LOG_LEVEL ?? 'info';
  if (process.stderr.isTTY) {
    return pino({ level }, pinoPretty({ destination: 2, colorize: true, ignore: 'pid,hostname', sync: true }));
  }
  return pino({ level, base: null }, pino.destination({ dest: 2, sync: true }));
}
