'use strict';
// Demo sign-in: one user with a bcrypt hash, HS256 tokens.
const bcrypt = require('bcryptjs');
const jwt = require('jsonwebtoken');

const secret = process.env.JWT_SECRET || 'cairn-demo-secret';
const users = new Map([['demo', bcrypt.hashSync('demo-password', 4)]]);

function login(user, password) {
  const hash = users.get(user);
  if (!hash || !bcrypt.compareSync(password, hash)) return null;
  return jwt.sign({ sub: user }, secret, { expiresIn: '1h' });
}

function requireUser(req, res, next) {
  const header = req.get('authorization') || '';
  try {
    req.user = jwt.verify(header.replace(/^Bearer /, ''), secret).sub;
    next();
  } catch {
    res.status(401).json({ error: 'not signed in' });
  }
}

module.exports = { login, requireUser };
