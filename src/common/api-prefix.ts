/** Every API route lives under this prefix; /health/*, /metrics, /docs and /ui do not. */
export const API_PREFIX = 'api/v1/model-performance';
