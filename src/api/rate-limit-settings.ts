/**
 * The rate limits' settings (src/api/rate-limit.ts applies them): read from the environment (Node and
 * Workers alike) and the CLI's options. No dependencies, so the CLI can show the defaults cheaply.
 */

/** A rate limit setting that is not a rate. */
export class RateSettingError extends Error {
  override name = 'RateSettingError';
}

/** N requests per period. */
export interface Rate {
  limit: number;
  periodSeconds: number;
}

export const RATE_LIMIT_ENV = {
  perKey: 'VINCULA_RATE_LIMIT_PER_KEY',
  perAddress: 'VINCULA_RATE_LIMIT_PER_ADDRESS',
  failedAuth: 'VINCULA_RATE_LIMIT_FAILED_AUTH',
} as const;
export type RateLimitName = keyof typeof RATE_LIMIT_ENV;

/**
 * Generous for people and integrations (a case worker's pages make a few requests a minute; a batch of
 * thousands of groups is one request), strict for wrong keys.
 */
export const RATE_LIMIT_DEFAULTS: Record<RateLimitName, string> = {
  perKey: '600/minute',
  perAddress: '1200/minute',
  failedAuth: '20/minute',
};

export type RateLimitSettings = Record<RateLimitName, Rate | undefined>;

const PERIODS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
};

/** "600/minute", "10/s", "600" (per minute); "0" or "off" turns the limit off (undefined). */
export function parseRate(text: string, name = 'rate limit'): Rate | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0' || value === 'none' || value === 'false') return undefined;
  const match = /^(\d+)\s*(?:\/\s*(\d+)?\s*([a-z]+))?$/.exec(value);
  const unit = match?.[3] ?? 'minute';
  const seconds = PERIODS[unit];
  const limit = Number(match?.[1]);
  const count = Number(match?.[2] ?? 1);
  if (!match || seconds === undefined || !Number.isSafeInteger(limit) || count < 1) {
    throw new RateSettingError(
      `${name} '${text}' is not a rate: write requests per period, as 600/minute, 10/second or 5000/hour (or off)`,
    );
  }
  return limit === 0 ? undefined : { limit, periodSeconds: seconds * count };
}

/** Reads VINCULA_RATE_LIMIT_PER_KEY, _PER_ADDRESS and _FAILED_AUTH, with the defaults. */
export function rateLimitSettings(env: Record<string, string | undefined>): RateLimitSettings {
  const read = (name: RateLimitName) =>
    parseRate(env[RATE_LIMIT_ENV[name]] ?? RATE_LIMIT_DEFAULTS[name], RATE_LIMIT_ENV[name]);
  return { perKey: read('perKey'), perAddress: read('perAddress'), failedAuth: read('failedAuth') };
}

/** "600 requests per minute", "20 failed authentications per minute". */
export function describeRate(rate: Rate, noun = 'request'): string {
  const period =
    rate.periodSeconds === 60
      ? 'minute'
      : rate.periodSeconds === 3600
        ? 'hour'
        : rate.periodSeconds === 1
          ? 'second'
          : `${rate.periodSeconds} seconds`;
  return `${rate.limit} ${noun}${rate.limit === 1 ? '' : 's'} per ${period}`;
}
