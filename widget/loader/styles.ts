/**
 * Launcher and frame container styles. Applied as a constructed stylesheet in a shadow root: host page CSS
 * cannot restyle the launcher, and a strict host CSP without `style-src` for us still lets it through
 * (constructed stylesheets are CSSOM, not inline `<style>`).
 */
export const LOADER_CSS = `
:host { all: initial; }
.l { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 60px; height: 60px; border-radius: 50%;
  border: 2px solid #fff; background: var(--c, #1f4e79); color: #fff; cursor: pointer; box-shadow: 0 2px 10px rgba(0,0,0,.35);
  display: flex; align-items: center; justify-content: center; padding: 0; }
.l:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 3px; box-shadow: 0 0 0 6px #fff; }
.l svg { width: 30px; height: 30px; fill: currentColor; }
.b { position: absolute; top: -6px; right: -6px; min-width: 22px; height: 22px; padding: 0 5px; border-radius: 11px;
  background: #b00020; color: #fff; font: 700 13px/22px system-ui, sans-serif; text-align: center; border: 2px solid #fff; }
.p { position: fixed; right: 20px; bottom: 92px; z-index: 2147483001; width: 380px; height: 620px;
  max-height: calc(100vh - 112px); max-width: calc(100vw - 40px); border-radius: 12px; overflow: hidden;
  box-shadow: 0 6px 28px rgba(0,0,0,.35); background: #fff; }
.p iframe { border: 0; width: 100%; height: 100%; display: block; }
[hidden] { display: none !important; }
@media (max-width: 480px), (max-height: 520px) {
  .p { inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; border-radius: 0; }
}
@media (prefers-reduced-motion: no-preference) {
  .l { transition: transform .15s ease-out; }
  .l:hover { transform: scale(1.06); }
}
@media (forced-colors: active) { .l { border-color: ButtonText; } }
`;
