/* Check-in by camera: the browser's BarcodeDetector where present, else jsQR (served locally).
   Without JavaScript or a camera, the code field and the name search on the page do the same job. */
(function () {
  "use strict";
  var box = document.getElementById("scanner");
  var form = document.getElementById("checkin-form");
  if (!box || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  var startButton = document.getElementById("scanner-start");
  var video = document.getElementById("scanner-video");
  var statusLine = document.getElementById("scanner-status");
  var input = form.querySelector("input[name=code]");
  var jsqrUrl = box.getAttribute("data-jsqr") || (document.currentScript && document.currentScript.src.replace(/checkin\.js.*$/, "vendor/jsqr/jsQR.js"));
  box.hidden = false;

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve(window.jsQR);
      var s = document.createElement("script");
      s.src = jsqrUrl;
      s.onload = function () { resolve(window.jsQR); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function found(text) {
    input.value = text;
    statusLine.textContent = "Código leído; registrando asistencia…";
    form.submit();
  }

  startButton.addEventListener("click", function () {
    startButton.disabled = true;
    statusLine.textContent = "Abriendo la cámara…";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      return video.play();
    }).then(function () {
      statusLine.textContent = "Apunte la cámara al código QR.";
      if ("BarcodeDetector" in window) {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        var tick = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) return found(codes[0].rawValue);
            requestAnimationFrame(tick);
          }).catch(function () { requestAnimationFrame(tick); });
        };
        return tick();
      }
      return loadJsQR().then(function (jsQR) {
        var canvas = document.createElement("canvas");
        var ctx = canvas.getContext("2d", { willReadFrequently: true });
        var tick = function () {
          if (video.readyState === video.HAVE_ENOUGH_DATA) {
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
            var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
            var code = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
            if (code && code.data) return found(code.data);
          }
          requestAnimationFrame(tick);
        };
        tick();
      });
    }).catch(function () {
      startButton.disabled = false;
      statusLine.textContent = "No se pudo usar la cámara. Escriba el código o busque a la persona por su nombre.";
    });
  });
})();
