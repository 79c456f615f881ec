'use strict';
// api-app: a small order service, the app layer of the cairn demo corpus image
// api-app (runtime: /usr/local/bin/node, dependencies: /opt/app/node_modules).
//   node server.js            listen on $PORT (default 8080)
//   node server.js --check    start on a free port, call a few routes, exit 0 if they answer
require('dotenv').config({ path: require('node:path').join(__dirname, '.env') });
const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const compression = require('compression');
const cookieParser = require('cookie-parser');
const morgan = require('morgan');
const { logger, audit } = require('./lib/log');
const { routes } = require('./lib/routes');
const { version } = require('./package.json');

function createApp() {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(cors());
  app.use(compression());
  app.use(cookieParser());
  app.use(express.json({ limit: '100kb' }));
  app.use(morgan('tiny', { stream: { write: (line) => logger.info(line.trim()) } }));
  app.get('/health', (req, res) => res.json({ status: 'ok', version }));
  app.use('/api', routes());
  app.use((err, req, res, next) => {
    audit.error('request failed', { path: req.path, message: err.message });
    res.status(err.status || 500).json({ error: err.message });
  });
  return app;
}

async function check() {
  const axios = require('axios');
  const server = createApp().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const health = await axios.get(`${base}/health`);
    const token = await axios.post(`${base}/api/login`, { user: 'demo', password: 'demo-password' });
    const auth = { headers: { authorization: `Bearer ${token.data.token}` } };
    const order = await axios.post(`${base}/api/orders`, { sku: 'CAIRN-1', quantity: 2, email: 'a@example.com' }, auth);
    const list = await axios.get(`${base}/api/orders`, auth);
    process.stdout.write(`${JSON.stringify({ health: health.data, order: order.data.id.length, orders: list.data.length })}\n`);
  } finally {
    server.close();
  }
}

if (process.argv.includes('--check')) {
  check().catch((err) => {
    process.stderr.write(`check failed: ${err.stack || err}\n`);
    process.exit(1);
  });
} else {
  const port = Number(process.env.PORT || 8080);
  createApp().listen(port, () => logger.info(`api-app ${version} listening on ${port}`));
}
