// htmx under our Content Security Policy: no injected <style> for indicators, no eval, requests only to
// this site, and no copies of pages (with personal data) in localStorage.
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;
htmx.config.allowScriptTags = false;
htmx.config.selfRequestsOnly = true;
htmx.config.historyCacheSize = 0;
