/*
 * Test-only stand-in for the Electron preload, served by the E2E bridge at /__bridge/api.js
 * and injected into index.html before the app bundle. Defines `window.tokendesk` with the
 * same semantics as src/preload/index.ts, over a same-origin WebSocket:
 *   invoke(channel, request) → Promise of the value; rejects with an Error whose message is
 *                              the plain-language message and whose `.code` is the code.
 *   on(event, listener)      → unsubscribe function; unknown events throw.
 * The bridge token comes from the URL hash (#bridge=<token>) and is kept in sessionStorage
 * so a reload of the page still connects.
 */
/* global window, location */
(function () {
  'use strict';
  var EVENTS = ['vault:changed', 'connections:changed', 'settings:changed', 'audit:appended', 'ui:notice'];
  var STORAGE_KEY = 'tokendesk-e2e-bridge-token';

  var match = /(?:^#|&)bridge=([^&]+)/.exec(location.hash);
  var token = match ? decodeURIComponent(match[1]) : sessionStorage.getItem(STORAGE_KEY);
  if (token) sessionStorage.setItem(STORAGE_KEY, token);

  var nextId = 1;
  var pending = new Map();
  var listeners = new Map();
  var ready = null;

  function failAll(reason) {
    pending.forEach(function (p) {
      p.reject(Object.assign(new Error(reason), { code: 'bridge-closed' }));
    });
    pending.clear();
  }

  function connect() {
    if (ready) return ready;
    ready = new Promise(function (resolve, reject) {
      if (!token) {
        reject(Object.assign(new Error('The test bridge token is missing from the address.'), { code: 'bridge-closed' }));
        return;
      }
      var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
      var ws = new WebSocket(scheme + location.host + '/__bridge?token=' + encodeURIComponent(token));
      ws.onopen = function () {
        resolve(ws);
      };
      ws.onmessage = function (e) {
        var msg;
        try {
          msg = JSON.parse(e.data);
        } catch {
          return;
        }
        if (msg && typeof msg.event === 'string') {
          var set = listeners.get(msg.event);
          if (set) {
            Array.from(set).forEach(function (fn) {
              try {
                fn(msg.payload);
              } catch (err) {
                console.error(err);
              }
            });
          }
          return;
        }
        var p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.value);
        else p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
      };
      ws.onclose = function () {
        ready = null;
        failAll('The connection to TokenDesk was lost.');
        reject(Object.assign(new Error('The connection to TokenDesk was lost.'), { code: 'bridge-closed' }));
      };
    });
    return ready;
  }

  var api = {
    invoke: function (channel, request) {
      return connect().then(function (ws) {
        return new Promise(function (resolve, reject) {
          var id = nextId++;
          pending.set(id, { resolve: resolve, reject: reject });
          ws.send(JSON.stringify({ id: id, channel: channel, request: request }));
        });
      });
    },
    on: function (event, listener) {
      if (EVENTS.indexOf(event) === -1) throw new Error('Unknown event ' + String(event));
      var set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so that subscribing the same function twice gives two independent subscriptions,
      // as ipcRenderer.on does.
      var wrapped = function (payload) {
        listener(payload);
      };
      set.add(wrapped);
      connect().catch(function () {});
      return function () {
        set.delete(wrapped);
      };
    },
  };

  Object.defineProperty(window, 'tokendesk', { value: Object.freeze(api), writable: false, configurable: false });
})();
