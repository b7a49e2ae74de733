// Booking: a slot's button posts its own small form; the conversation kinds and the channel
// chosen in the booking form (data-copy-from) go with it as hidden fields. The slot list is
// replaced by htmx when a filter changes, so the handler listens on the document.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.copyFrom) {
    return;
  }
  var source = document.getElementById(form.dataset.copyFrom);
  if (!source) {
    return;
  }
  form.querySelectorAll("input[data-copied]").forEach(function (old) {
    old.remove();
  });
  source.querySelectorAll("input:checked, select").forEach(function (field) {
    var copy = document.createElement("input");
    copy.type = "hidden";
    copy.name = field.name;
    copy.value = field.value;
    copy.dataset.copied = "";
    form.appendChild(copy);
  });
});
