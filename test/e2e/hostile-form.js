// A careless (or hostile) script of the host page, allowed by the strict CSP (it is 'self'):
// it submits the sign-in form past the element's submit handler (issue 20, finding 2).
document.getElementById('stop-submits').addEventListener('click', () => {
  // A capture-phase listener that stops every submit event before it reaches the form.
  document.addEventListener('submit', (event) => event.stopImmediatePropagation(), true);
});
document.getElementById('submit-form').addEventListener('click', () => {
  // form.submit() fires no submit event: the element's handler never runs.
  document.querySelector('city-login form').submit();
});
