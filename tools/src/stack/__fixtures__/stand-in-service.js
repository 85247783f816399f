// Stands in for a saga service in the stack's own tests: same contract (PORT, DATABASE_URL,
// KAFKA_BROKERS from the environment; GET /health is 200 only when the database answers a query and
// the broker accepts a TCP connection), none of the domain. Plain JavaScript so node runs it as is.
const http = require('node:http');
const net = require('node:net');
const { Client } = require('pg');

const port = Number(process.env.PORT);
const [kafkaHost, kafkaPort] = (process.env.KAFKA_BROKERS || 'localhost:9092').split(':');

async function databaseAnswers() {
  const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function brokerAccepts() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: kafkaHost, port: Number(kafkaPort), timeout: 1000 });
    const answer = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => answer(true));
    socket.once('timeout', () => answer(false));
    socket.once('error', () => answer(false));
  });
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/health') {
    const [database, kafka] = await Promise.all([databaseAnswers(), brokerAccepts()]);
    res.writeHead(database && kafka ? 200 : 503, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ database, kafka }));
  }
  if (req.url === '/env') {
    const { PORT, DATABASE_URL, KAFKA_BROKERS, STAND_IN_GREETING } = process.env;
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ PORT, DATABASE_URL, KAFKA_BROKERS, STAND_IN_GREETING }));
  }
  res.writeHead(404).end();
});

server.listen(port, () => console.log(`stand-in service listening on ${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
