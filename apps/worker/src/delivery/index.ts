// Public API of the delivery core: signing, retry timing, SSRF guard and the sender.
export {
  DEFAULT_RETRY_JITTER,
  DEFAULT_RETRY_SCHEDULE_MS,
  formatRetrySchedule,
  MAX_RETRY_STEP_MS,
  MAX_RETRY_STEPS,
  nextRetryDelay,
  parseRetryAfter,
  parseRetrySchedule,
  RetryScheduleError,
} from "./retry-schedule.js";
export {
  createSender,
  DEFAULT_USER_AGENT,
  MAX_RESPONSE_BYTES,
  type SendErrorCode,
  type Sender,
  type SenderOptions,
  type SendRequest,
  type SendResult,
} from "./send.js";
export {
  buildWebhookHeaders,
  DEFAULT_HEX_SIGNATURE_HEADER,
  generateSigningSecret,
  isReservedHeaderName,
  parseSigningSecret,
  redactHeaders,
  SECRET_PREFIX,
  type SignatureScheme,
  SigningSecretError,
  signHex,
  signStandard,
} from "./sign.js";
export {
  type AddressVerdict,
  createDestinationGuard,
  DESTINATION_BLOCKED_MESSAGE,
  DestinationBlockedError,
  type DestinationGuard,
  type DestinationGuardOptions,
  type UrlVerdict,
} from "./ssrf-guard.js";
