/**
 * The three services and the defaults they assume when nothing is set in their environment. Each owns a
 * PostgreSQL server of its own (polyglot persistence), so each has its own port, role, password and database.
 */
export const SERVICE_NAMES = ['order', 'inventory', 'payment'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface DatabaseCredentials {
  user: string;
  password: string;
  database: string;
}

export interface ServiceDefaults {
  httpPort: number;
  databasePort: number;
  credentials: DatabaseCredentials;
}

export const DEFAULT_KAFKA_PORT = 9092;

export const SERVICE_DEFAULTS: Record<ServiceName, ServiceDefaults> = {
  order: { httpPort: 3000, databasePort: 5433, credentials: sameName('order') },
  inventory: { httpPort: 3001, databasePort: 5434, credentials: sameName('inventory') },
  payment: { httpPort: 3002, databasePort: 5435, credentials: sameName('payment') },
};

export function databaseUrl(credentials: DatabaseCredentials, port: number, host = 'localhost'): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgres://${user}:${password}@${host}:${port}/${encodeURIComponent(credentials.database)}`;
}

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

// Dev credentials mirror the service name so a URL can be typed from memory; they guard nothing.
function sameName(name: string): DatabaseCredentials {
  return { user: name, password: name, database: name };
}
