/** Injection token for the connection URL of the PostgreSQL in use (given or embedded). */
export const DATABASE_URL = Symbol('DATABASE_URL');
