'use strict';
// Orders kept in memory: validated with joi and validator, ids from uuid,
// dates through dayjs and date-fns, summaries with lodash.
const express = require('express');
const Joi = require('joi');
const validator = require('validator');
const { v4: uuid } = require('uuid');
const dayjs = require('dayjs');
const { addBusinessDays, formatISO } = require('date-fns');
const _ = require('lodash');
const { login, requireUser } = require('./auth');

const orderSchema = Joi.object({
  sku: Joi.string().pattern(/^[A-Z0-9-]{3,32}$/).required(),
  quantity: Joi.number().integer().min(1).max(1000).required(),
  email: Joi.string().custom((v, h) => (validator.isEmail(v) ? v : h.error('any.invalid'))).required(),
});

function routes() {
  const orders = [];
  const router = express.Router();
  router.post('/login', (req, res) => {
    const token = login(String(req.body.user || ''), String(req.body.password || ''));
    if (!token) return res.status(401).json({ error: 'bad credentials' });
    res.json({ token });
  });
  router.use(requireUser);
  router.post('/orders', (req, res) => {
    const { error, value } = orderSchema.validate(req.body);
    if (error) return res.status(400).json({ error: error.message });
    const order = { id: uuid(), ...value, user: req.user, created: dayjs().toISOString(),
      ships: formatISO(addBusinessDays(new Date(), 2), { representation: 'date' }) };
    orders.push(order);
    res.status(201).json(order);
  });
  router.get('/orders', (req, res) => res.json(_.sortBy(orders.filter((o) => o.user === req.user), 'created')));
  router.get('/orders/summary', (req, res) => {
    res.json(_.mapValues(_.groupBy(orders, 'sku'), (list) => _.sumBy(list, 'quantity')));
  });
  return router;
}

module.exports = { routes };
