"""Read-only back-office lists of the portfolio: every change goes through `services.py` (the ledger is append-only,
balances are derived), so the admin shows and searches but never edits."""

from django.contrib import admin

from panal.core.admin import ReadOnlyAdmin as ReadOnly

from .models import Agreement, AgreementTransfer, CallBudget, ExpenseReport, FundingSource, LedgerEntry, Project


@admin.register(FundingSource)
class FundingSourceAdmin(ReadOnly):
    list_display = ["name", "kind", "agency", "year", "amount_clp", "allocated_clp", "is_sample"]
    list_filter = ["kind", "year", "is_sample"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnly):
    list_display = ["number", "recipient", "amount_clp", "transferred_clp", "allocated_clp", "starts_on", "ends_on"]


@admin.register(AgreementTransfer)
class AgreementTransferAdmin(ReadOnly):
    list_display = ["agreement", "amount_clp", "transferred_on", "reference", "reverses"]


@admin.register(CallBudget)
class CallBudgetAdmin(ReadOnly):
    list_display = ["call", "budget_clp", "awarded_clp"]


@admin.register(Project)
class ProjectAdmin(ReadOnly):
    list_display = ["code", "title", "call", "beneficiary_type", "commune", "awarded_clp", "executed_clp", "status"]
    list_filter = ["status", "year", "beneficiary_type", "agency", "is_sample"]
    search_fields = ["code", "title", "source_key"]
    raw_id_fields = ["person", "enterprise"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly):
    list_display = ["project", "kind", "amount_clp", "entry_date", "instalment", "reverses", "created_at"]
    list_filter = ["kind"]
    search_fields = ["project__code"]
    raw_id_fields = ["project", "reverses", "expense_report"]


@admin.register(ExpenseReport)
class ExpenseReportAdmin(ReadOnly):
    list_display = ["project", "number", "submitted_on", "reviewed_on"]
    raw_id_fields = ["project"]
