// Mid-year monitoring: a row asks for a cause and a corrective measure only when its light is
// not green or its likelihood is not 确定能; show the two inputs as soon as the likelihood says so.
(function () {
  for (const select of document.querySelectorAll("select[data-likelihood]")) {
    select.addEventListener("change", () => {
      const row = select.closest("tr");
      const needed = row.dataset.light !== "green" || select.value !== "certain";
      row.querySelector(".cause-inputs").classList.toggle("d-none", !needed);
      const none = row.querySelector(".cause-none");
      if (none) none.classList.toggle("d-none", needed);
    });
  }
})();
