const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const COLOURS: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '35' };
/** Fields every line has, or that the line already shows in its own way. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'context', 'process', 'req', 'res', 'responseTime']);

const clock = (time: unknown) => {
  const at = typeof time === 'number' ? new Date(time) : new Date();
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
};

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Object && 'message' in value && 'stack' in value) return String(value.stack);
  return JSON.stringify(value);
}

/**
 * One pino JSON line as a person reads it on a terminal: local time, level, where from, the
 * message, then the other fields as key=value (an error's stack on lines of its own). A line
 * that is not pino JSON is passed on as it is.
 */
export function prettyLogLine(line: string, colours: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const levelName = LEVELS[level] ?? String(level);
  const where = [entry.process, entry.context].filter((part) => typeof part === 'string' && part).join(' ');
  const request = entry.req as { method?: string; url?: string } | undefined;
  const response = entry.res as { statusCode?: number } | undefined;
  const http = request?.method
    ? `${request.method} ${request.url ?? ''}${response?.statusCode ? ` ${response.statusCode}` : ''}${typeof entry.responseTime === 'number' ? ` ${entry.responseTime} ms` : ''}`
    : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN.has(key))
    .map(([key, value]) => (key === 'err' ? `\n${fieldText(value)}` : `${key}=${fieldText(value)}`));
  const paint = (code: string, text: string) => (colours ? `\u001b[${code}m${text}\u001b[0m` : text);
  const parts = [
    paint('90', clock(entry.time)),
    paint(COLOURS[level] ?? '0', levelName),
    where ? paint('36', `[${where}]`) : '',
    typeof entry.msg === 'string' ? entry.msg : '',
    http,
    ...fields.filter((field) => !field.startsWith('\n')),
  ].filter(Boolean);
  const stacks = fields.filter((field) => field.startsWith('\n')).join('');
  return `${parts.join(' ')}${stacks}\n`;
}

/** Where pino writes when logs are for a person: formatted lines on standard output. */
export function prettyDestination(colours: boolean): { write(line: string): void } {
  return { write: (line: string) => void process.stdout.write(prettyLogLine(line, colours)) };
}
