// Starts the design system's components. Kept in a file (not inline) so the Content Security Policy
// can forbid inline script.
DKFDS.init();
