const app = document.getElementById('app');
if (app) {
  const p = document.createElement('p');
  p.textContent = 'Open a message in Gmail, choose ⋮ → Show original, then click Header Lens.';
  app.append(p);
}
