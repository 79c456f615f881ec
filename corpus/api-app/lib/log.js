'use strict';
// Request logs go through pino, audit events through winston.
const pino = require('pino');
const winston = require('winston');

const quiet = process.argv.includes('--check');
const logger = pino({ level: quiet ? 'warn' : process.env.LOG_LEVEL || 'info' });
const audit = winston.createLogger({
  level: quiet ? 'error' : 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console({ silent: quiet })],
});

module.exports = { logger, audit };
