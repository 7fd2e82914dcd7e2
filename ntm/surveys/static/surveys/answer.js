// A slip's QR code opens /ks/#<code>. Browsers never send the part after "#", so the code stays out of every
// request line, server log and proxy log: this script drops it from the address bar and history, puts it in the
// code form of the page and posts it (POST body). Without JavaScript the household types the code into that form.
(function () {
  var code = window.location.hash.slice(1);
  if (!code) {
    return;
  }
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname);
  }
  var form = document.getElementById("code-form");
  try {
    code = decodeURIComponent(code);
  } catch (error) {
    // A malformed escape: post it as it is, and the page says the code is not valid.
  }
  form.elements.ma.value = code;
  form.submit();
})();
