/** Asking for an API key when the service refuses a request, and forgetting it. */
import { apiKey, onKeyNeeded } from '../api';
import { ask, byId, h, toast } from '../dom';
import { field } from '../state';

onKeyNeeded(async (reason) => {
  const data = await ask({
    title: 'API key needed',
    body: [
      h('p', {}, `The service refused the request: ${reason}`),
      h('p', { class: 'hint' }, 'The key is kept for this browser tab only (session storage).'),
      h(
        'label',
        {},
        'API key ',
        h('input', { type: 'password', name: 'key', required: true, autocomplete: 'off' }),
      ),
    ],
    ok: 'Use this key',
  });
  const key = data ? field(data, 'key').trim() : '';
  if (key) byId('forget-key').hidden = false;
  return key || null;
});
byId('forget-key').hidden = !apiKey.get();
byId('forget-key').addEventListener('click', () => {
  apiKey.clear();
  byId('forget-key').hidden = true;
  toast('API key forgotten', 'info');
});
