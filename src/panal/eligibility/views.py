from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from panal.registry.selectors import eligibility_profile, person_for_user

from . import sales, wizard
from .engine import CallSet

FIELD_NAMES = set(wizard.QUESTIONS)


def _registry_answers(user) -> dict:
    """A logged-in person's registry data, as wizard answers (nothing if the registry does not know them)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    person = person_for_user(user)
    if person is None:
        return {}
    profile = eligibility_profile(person=person)
    return {k: v for k, v in profile.items() if k in FIELD_NAMES and v is not None}


def _sales_other_ways(post) -> tuple:
    """The sales question answered in pesos of a year, or with an SII bracket (UF left empty)."""
    if (post.get("sales_clp") or "").strip():
        return sales.uf_from_pesos(post.get("sales_clp"), post.get("sales_year", ""), today=timezone.localdate())
    if post.get("sales_bracket"):
        return sales.uf_from_bracket(post.get("sales_bracket"))
    return None, "Responda en UF, en pesos de un año, o elija un tramo de ventas; o elija «No sé».", ""


@require_http_methods(["GET", "POST"])
def eligibility_wizard(request):
    callset = CallSet.current()
    answers, skipped, error, prefilled, sales_note = {}, set(), None, False, ""
    if request.method == "GET" or request.POST.get("restart"):
        answers = _registry_answers(request.user) if not request.POST.get("restart") else {}
        prefilled = bool(answers)
    else:
        for name in FIELD_NAMES:
            text = request.POST.get(f"a_{name}")
            if text is not None:
                value = wizard.from_hidden(name, text)
                if value is not None:
                    answers[name] = value
        skipped = {s for s in request.POST.get("skipped", "").split(",") if s in FIELD_NAMES}
        current = request.POST.get("question")
        if current in FIELD_NAMES:
            if request.POST.get("skip"):
                skipped.add(current)
            elif not request.POST.get("finish"):
                many = current in ("registries", "member_sales_uf")
                raw = request.POST.getlist("answer") if many else request.POST.get("answer")
                if current == "annual_sales_uf" and not (raw or "").strip():
                    value, error, sales_note = _sales_other_ways(request.POST)
                else:
                    value, error = wizard.parse_answer(current, raw)
                if error is None:
                    answers[current] = value
    profile = {**answers, "as_of": timezone.localdate()}
    if "applicant_kind" not in answers:
        results, pending = [], "applicant_kind"
    else:
        results = callset.evaluate(profile)
        pending = None if request.POST.get("finish") else wizard.next_question(results, set(answers) | skipped)
    if error:
        pending = request.POST.get("question")
    context = {
        "hidden": [(f"a_{k}", wizard.to_hidden(v)) for k, v in answers.items()],
        "skipped": ",".join(sorted(skipped)),
        "answered_count": len(answers),
        "prefilled": prefilled,
        "sales_note": sales_note,
    }
    if pending:
        context.update({"question": wizard.question(pending, answers.get("applicant_kind"), answers), "error": error})
        if pending == "annual_sales_uf":
            context.update({"brackets": sales.bracket_choices(), "this_year": timezone.localdate().year - 1})
        if pending == "applicant_kind":
            context["optional"] = False
        else:
            context["optional"] = True
        status = 400 if error else 200
        return render(request, "eligibility/question.html", context, status=status)
    calls = {c.code: c for c in callset.calls}
    context["groups"] = wizard.group_results(results, calls)
    return render(request, "eligibility/results.html", context)
