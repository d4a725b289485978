/* pirsite: a page of knowledge checks as a scored quiz, in the browser, with no library.
   A .pirsite-quiz block (data-pass: the pass mark in percent) holds .pirsite-quiz-question
   blocks. Each has its question (the first paragraph), its options (a list whose items start
   "(a)", "(b)", ...), the letter of the right option in data-answer and the answer, explained,
   in a collapsed <details>. Without JavaScript the page is a self-check as written. With it,
   each list becomes a group of radio buttons and the answers stay hidden until the reader asks
   for a score. Nothing is sent anywhere: the result is shown, and copied or downloaded only
   when the reader asks. */
(function () {
  "use strict";

  var LETTER = /^\s*\(([a-z])\)\s*/i;
  var NUMBER = /^\s*(\d+)[.)]/;
  var TICK = "\u2713";
  var CROSS = "\u2717";

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, primary) {
    var classes = "md-button pirsite-quiz__button" + (primary ? " md-button--primary" : "");
    var node = make("button", classes, label);
    node.type = "button";
    return node;
  }

  function child(block, tag) {
    for (var node = block.firstElementChild; node; node = node.nextElementSibling) {
      if (node.tagName.toLowerCase() === tag) return node;
    }
    return null;
  }

  function moveChildren(from, to) {
    while (from.firstChild) to.appendChild(from.firstChild);
  }

  function twoDigits(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* One question: its options become radio buttons in a fieldset whose legend is the question.
     Returns null (and leaves the block as written) when it cannot be scored. */
  function question(block, prefix, index) {
    var list = child(block, "ul") || child(block, "ol");
    var prompt = child(block, "p");
    var details = child(block, "details");
    var answer = (block.getAttribute("data-answer") || "").trim().toLowerCase();
    if (!list || !prompt || !details) return null;
    var items = Array.prototype.filter.call(list.children, function (li) {
      return li.tagName.toLowerCase() === "li";
    });
    var letters = items.map(function (li, i) {
      var match = LETTER.exec(li.textContent);
      return match ? match[1].toLowerCase() : "abcdefghij".charAt(i);
    });
    if (letters.indexOf(answer) === -1) return null;

    var numberMatch = NUMBER.exec(prompt.textContent);
    var q = {
      block: block,
      number: numberMatch ? numberMatch[1] : String(index + 1),
      answer: answer,
      details: details,
      inputs: [],
      labels: {}
    };
    block.id = block.id || prefix + "-q" + q.number;
    var fieldset = make("fieldset", "pirsite-quiz__group");
    var legend = make("legend", "pirsite-quiz__legend");
    moveChildren(prompt, legend);
    fieldset.appendChild(legend);
    items.forEach(function (li, i) {
      var id = block.id + "-" + letters[i];
      var option = make("div", "pirsite-quiz__option");
      var input = make("input");
      input.type = "radio";
      input.name = block.id;
      input.id = id;
      input.value = letters[i];
      var label = make("label");
      label.htmlFor = id;
      moveChildren(li, label);
      option.appendChild(input);
      option.appendChild(label);
      fieldset.appendChild(option);
      q.inputs.push(input);
      q.labels[letters[i]] = label;
    });
    q.mark = make("p", "pirsite-quiz__mark");
    q.mark.id = block.id + "-mark";
    q.mark.hidden = true;
    prompt.parentNode.removeChild(prompt);
    list.parentNode.replaceChild(fieldset, list);
    fieldset.parentNode.insertBefore(q.mark, fieldset.nextSibling);
    q.fieldset = fieldset;
    details.hidden = true;  /* the answer shows once the quiz is scored */
    details.open = false;
    return q;
  }

  function chosen(q) {
    for (var i = 0; i < q.inputs.length; i += 1) {
      if (q.inputs[i].checked) return q.inputs[i].value;
    }
    return null;
  }

  function tag(label, className, text) {
    var node = make("span", "pirsite-quiz__tag " + className, text);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(node);
  }

  function enhance(quiz, quizIndex) {
    if (quiz.dataset.pirsiteReady) return;
    quiz.dataset.pirsiteReady = "1";
    var prefix = "pirsite-quiz-" + (quizIndex + 1);
    var questions = [];
    Array.prototype.forEach.call(quiz.querySelectorAll(".pirsite-quiz-question"), function (block, i) {
      var q = question(block, prefix, i);
      if (q) questions.push(q);
    });
    if (!questions.length) return;  /* nothing to score: leave the page as written */
    var pass = parseFloat(quiz.getAttribute("data-pass"));
    if (!(pass >= 0 && pass <= 100)) pass = 80;

    var controls = make("div", "pirsite-quiz__controls");
    var nameRow = make("p", "pirsite-quiz__name-row");
    var nameLabel = make("label", "", "Your name (optional, for the training register)");
    var name = make("input", "pirsite-quiz__name");
    name.type = "text";
    name.id = prefix + "-name";
    name.setAttribute("autocomplete", "name");
    nameLabel.htmlFor = name.id;
    nameRow.appendChild(nameLabel);
    nameRow.appendChild(name);
    var buttons = make("p", "pirsite-quiz__buttons");
    var score = button("Score my answers", true);
    var again = button("Try again");
    again.hidden = true;
    buttons.appendChild(score);
    buttons.appendChild(again);
    var result = make("div", "pirsite-quiz__result");
    result.id = prefix + "-result";
    result.setAttribute("aria-live", "polite");
    var actions = make("p", "pirsite-quiz__actions");
    actions.hidden = true;
    var copy = button("Copy result");
    var download = button("Download result");
    var status = make("span", "pirsite-quiz__status");
    status.setAttribute("role", "status");
    actions.appendChild(copy);
    actions.appendChild(download);
    actions.appendChild(status);
    var text = make("textarea", "pirsite-quiz__text");
    text.readOnly = true;
    text.rows = 10;
    text.hidden = true;
    text.setAttribute("aria-label", "Your result as text, to copy");
    [nameRow, buttons, result, actions, text].forEach(function (node) { controls.appendChild(node); });
    quiz.appendChild(controls);

    var report = null;  /* the last result as text, for copy and download */
    var when = null;

    function reset() {
      questions.forEach(function (q) {
        q.inputs.forEach(function (input) { input.checked = false; input.disabled = false; });
        Object.keys(q.labels).forEach(function (letter) {
          var tags = q.labels[letter].querySelectorAll(".pirsite-quiz__tag");
          Array.prototype.forEach.call(tags, function (node) {
            var space = node.previousSibling;
            if (space && space.nodeType === 3 && space.nodeValue === " ") space.parentNode.removeChild(space);
            node.parentNode.removeChild(node);
          });
        });
        q.block.classList.remove("pirsite-quiz-question--correct", "pirsite-quiz-question--incorrect");
        q.mark.hidden = true;
        q.mark.textContent = "";
        q.fieldset.removeAttribute("aria-describedby");
        q.details.open = false;
        q.details.hidden = true;
      });
      result.textContent = "";
      result.className = "pirsite-quiz__result";
      actions.hidden = true;
      status.textContent = "";
      text.hidden = true;
      text.value = "";
      report = null;
      again.hidden = true;
      score.hidden = false;
      questions[0].inputs[0].focus();
    }

    function mark() {
      when = new Date();
      var right = 0, wrong = [], unanswered = [], lines = [];
      questions.forEach(function (q) {
        var pick = chosen(q);
        var correct = pick === q.answer;
        var icon = make("span", "pirsite-quiz__icon", correct ? TICK : CROSS);
        icon.setAttribute("aria-hidden", "true");
        q.mark.textContent = "";
        q.mark.appendChild(icon);
        var words;
        if (correct) {
          right += 1;
          words = "Correct: (" + q.answer + ").";
          lines.push("Question " + q.number + ": correct");
        } else if (pick) {
          wrong.push(q);
          words = "Incorrect: you chose (" + pick + "); the answer is (" + q.answer + ").";
          lines.push("Question " + q.number + ": incorrect (answered " + pick +
            ", the answer is " + q.answer + ")");
          tag(q.labels[pick], "pirsite-quiz__tag--chosen", "Your answer");
        } else {
          unanswered.push(q);
          words = "Incorrect: not answered; the answer is (" + q.answer + ").";
          lines.push("Question " + q.number + ": incorrect (not answered, the answer is " + q.answer + ")");
        }
        tag(q.labels[q.answer], "pirsite-quiz__tag--answer", "Correct answer");
        q.mark.appendChild(document.createTextNode(" " + words));
        q.mark.hidden = false;
        q.fieldset.setAttribute("aria-describedby", q.mark.id);
        q.block.classList.add("pirsite-quiz-question--" + (correct ? "correct" : "incorrect"));
        q.inputs.forEach(function (input) { input.disabled = true; });
        q.details.hidden = false;
        q.details.open = !correct;  /* the explanations of the misses open; the others are a click away */
      });
      var total = questions.length;
      var passed = right * 100 >= pass * total;
      var percent = Math.round(right * 100 / total);
      if (!passed && percent >= pass) percent = Math.ceil(pass) - 1;  /* never "80%: not yet passed" */
      var verdict = passed ? "passed" : "not yet passed";
      var summary = "You scored " + right + " of " + total + " (" + percent + "%). Pass mark " +
        pass + "%: " + verdict + ".";

      result.textContent = "";
      result.className = "pirsite-quiz__result pirsite-quiz__result--" + (passed ? "passed" : "failed");
      var head = make("p", "pirsite-quiz__summary");
      var icon = make("span", "pirsite-quiz__icon", passed ? TICK : CROSS);
      icon.setAttribute("aria-hidden", "true");
      head.appendChild(icon);
      head.appendChild(document.createTextNode(" "));
      head.appendChild(make("strong", "", summary));
      result.appendChild(head);
      [["Incorrect", wrong], ["Not answered (counted as incorrect)", unanswered]].forEach(function (pair) {
        if (!pair[1].length) return;
        var plural = pair[1].length > 1 ? "s " : " ";
        var line = make("p", "pirsite-quiz__missed", pair[0] + ": question" + plural);
        pair[1].forEach(function (q, i) {
          if (i) line.appendChild(document.createTextNode(i === pair[1].length - 1 ? " and " : ", "));
          var link = make("a", "", q.number);
          link.href = "#" + q.block.id;
          line.appendChild(link);
        });
        line.appendChild(document.createTextNode("."));
        result.appendChild(line);
      });
      result.appendChild(make("p", "pirsite-quiz__hint", passed
        ? "Copy or download the result for the training register."
        : "Read the page linked from each answer you missed, then try again."));

      var who = name.value.trim();
      var heading = document.querySelector("article h1");
      var title = heading ? heading.textContent.replace(/\u00b6/g, "").trim() : document.title;
      report = [
        title + ": result",
        "Name: " + (who || "(not given)"),
        "Date: " + when.toISOString(),
        "Page: " + location.href.split("#")[0],
        "Score: " + right + " of " + total,
        "Percentage: " + percent + "%",
        "Pass mark: " + pass + "%",
        "Result: " + verdict,
        ""
      ].concat(lines).join("\n") + "\n";
      actions.hidden = false;
      status.textContent = "";
      text.hidden = true;
      score.hidden = true;
      again.hidden = false;
      again.focus();  /* the score button is gone; the result is announced by its live region */
    }

    function fileName() {
      var d = when || new Date();
      var day = d.getFullYear() + "-" + twoDigits(d.getMonth() + 1) + "-" + twoDigits(d.getDate());
      return "knowledge-check-" + day + ".txt";  /* the reader's local date */
    }

    function copyByHand() {  /* no clipboard API (a file:// page, an old browser): select the text */
      var done = false;
      text.value = report;
      text.hidden = false;
      text.focus();
      text.select();
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      status.textContent = done ? "Result copied." : "Press Ctrl+C (or \u2318C) to copy the selected result.";
    }

    score.addEventListener("click", mark);
    again.addEventListener("click", reset);
    copy.addEventListener("click", function () {
      if (!report) return;
      if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
        navigator.clipboard.writeText(report).then(function () {
          status.textContent = "Result copied.";
        }, copyByHand);
      } else {
        copyByHand();
      }
    });
    download.addEventListener("click", function () {
      if (!report) return;
      var url = URL.createObjectURL(new Blob([report], { type: "text/plain;charset=utf-8" }));
      var link = document.createElement("a");  /* never in the page: no navigation handler sees it */
      link.href = url;
      link.download = fileName();
      link.click();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      status.textContent = "Downloaded " + link.download + ".";
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".pirsite-quiz"), enhance);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
