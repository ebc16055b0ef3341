// Shows the passages behind a summary sentence. Article text is only ever set with
// textContent: it is data, never markup.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("passages-data");
  const box = document.getElementById("passages");
  if (!holder || !box) return;
  let passages = {};
  try { passages = JSON.parse(holder.textContent); } catch (e) { return; }
  const show = (button) => {
    document.querySelectorAll(".sentence").forEach((b) => b.setAttribute("aria-expanded", "false"));
    button.setAttribute("aria-expanded", "true");
    box.replaceChildren();
    const list = passages[button.dataset.index] || [];
    const heading = document.createElement("h3");
    heading.textContent = list.length === 1 ? "1 outlet reports this" : list.length + " outlets report this";
    box.appendChild(heading);
    for (const p of list) {
      const item = document.createElement("div");
      item.className = "passage";
      const who = document.createElement("div");
      who.className = "meta";
      who.textContent = (p.outlet || "") + " (" + p.document_id + ")";
      const text = document.createElement("p");
      text.dir = "auto";  // an Arabic or Hebrew passage reads right to left, by its first letters
      const mark = document.createElement("mark");
      mark.textContent = p.text;
      text.append(document.createTextNode(p.before), mark, document.createTextNode(p.after));
      item.append(who, text);
      box.appendChild(item);
    }
  };
  document.querySelectorAll(".sentence").forEach((button) => {
    button.addEventListener("click", () => show(button));
    button.addEventListener("mouseenter", () => show(button));
  });
});
