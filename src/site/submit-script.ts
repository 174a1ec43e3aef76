/**
 * /submit.js: the submission form's proof of work (SUBMISSION_POW_BITS), served from our own
 * origin so the page's CSP allows no inline script. On submit it fetches a challenge, finds a
 * solution (SHA-256 of `challenge:solution` starting with `bits` zero bits, as
 * src/submissions/proof-of-work.ts checks), fills the hidden fields and sends the form.
 * form.submit() fires no submit event, so every press of the button solves a fresh challenge.
 * crypto.subtle needs a secure context: HTTPS, or a loopback address.
 */
export const SUBMIT_SCRIPT = `'use strict';
(function () {
  var form = document.querySelector('form[data-pow]');
  if (!form) return;
  var status = form.querySelector('.pow-status');
  var button = form.querySelector('button[type="submit"]');
  var encoder = new TextEncoder();

  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      return bits + Math.clz32(bytes[i]) - 24;
    }
    return bits;
  }

  // Hashes a batch of candidates at a time: one await per digest would be slow.
  async function solve(challenge, bits) {
    for (var start = 0; ; start += 256) {
      var tries = [];
      for (var n = start; n < start + 256; n++) tries.push(crypto.subtle.digest('SHA-256', encoder.encode(challenge + ':' + n)));
      var digests = await Promise.all(tries);
      for (var k = 0; k < digests.length; k++) if (zeroBits(new Uint8Array(digests[k])) >= bits) return String(start + k);
    }
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    button.disabled = true;
    status.textContent = 'Working…';
    try {
      if (!window.crypto || !crypto.subtle) throw new Error('this browser cannot do the check on a page that is not served over HTTPS');
      var res = await fetch('/v1/submissions/challenge', { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error('the server answered ' + res.status);
      var body = await res.json();
      form.elements.pow_challenge.value = body.challenge;
      form.elements.pow_solution.value = await solve(body.challenge, body.bits);
      form.submit();
    } catch (err) {
      status.textContent = 'Not sent: ' + err.message + '. Try again.';
      button.disabled = false;
    }
  });

  // Coming back to the page (the back button) finds the form ready again.
  window.addEventListener('pageshow', function () {
    button.disabled = false;
    status.textContent = '';
  });
})();
`;
