"""Forms of the registry's pages. They only collect input; the services validate and write."""

from django import forms

from panal.core.limits import MAX_CLP, MAX_COUNT, MAX_UF
from panal.core.rut import RutFormField
from panal.territory.selectors import communes_for_choice

from .models import COOPERATIVE_CLASSES, LEGAL_FORMS, NATIONALITIES, REGISTRIES, REPRESENTATION_ROLES, SEXES

TRI_STATE = [("", "No sé / no informado"), ("si", "Sí"), ("no", "No")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices: dict, label: str = "No informado") -> list:
    return [("", label), *choices.items()]


def commune_choices():
    rows = communes_for_choice()
    return [("", "Elija una comuna")] + [(c.code, f"{c.name} ({c.region.short_name})") for c in rows]


def tri_state(value) -> str:
    return "" if value is None else ("si" if value else "no")


class PersonForm(forms.Form):
    rut = RutFormField(label="RUT")
    first_names = forms.CharField(label="Nombres", max_length=120)
    last_names = forms.CharField(label="Apellidos", max_length=120)
    email = forms.EmailField(label="Correo electrónico", required=False)
    phone = forms.CharField(label="Teléfono", max_length=30, required=False, help_text="Por ejemplo: +56 9 1234 5678")
    birth_date = forms.DateField(label="Fecha de nacimiento", required=False, widget=DATE)
    sex = forms.ChoiceField(label="Sexo registral", choices=_blank(SEXES), required=False)
    nationality = forms.ChoiceField(label="Nacionalidad", choices=_blank(NATIONALITIES), required=False)
    commune = forms.ChoiceField(label="Comuna de domicilio", required=False)
    has_activity_start = forms.ChoiceField(
        label="¿Tiene inicio de actividades ante el SII?", choices=TRI_STATE, required=False
    )
    activity_start_date = forms.DateField(label="Fecha de inicio de actividades", required=False, widget=DATE)
    registries = forms.MultipleChoiceField(
        label="Registros sectoriales",
        choices=list(REGISTRIES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rut_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = commune_choices()
        if not rut_editable:
            del self.fields["rut"]

    @staticmethod
    def initial_for(person) -> dict:
        return {
            "rut": person.shown_rut,
            "first_names": person.first_names,
            "last_names": person.last_names,
            "email": person.email,
            "phone": person.phone,
            "birth_date": person.birth_date,
            "sex": person.sex,
            "nationality": person.nationality,
            "commune": person.commune_id or "",
            "has_activity_start": tri_state(person.has_activity_start),
            "activity_start_date": person.activity_start_date,
            "registries": person.registries,
        }

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        data.pop("consent", None)
        data["has_activity_start"] = {"si": True, "no": False}.get(data.get("has_activity_start"))
        return data


class StaffPersonForm(PersonForm):
    reason = forms.CharField(label="Motivo del cambio", max_length=300, help_text="Queda en el registro de auditoría.")


class SelfPersonForm(PersonForm):
    consent = forms.BooleanField(
        label="Acepto que Panal guarde estos datos para mostrarme los apoyos a los que puedo postular y tramitar mis "
        "postulaciones. Puedo verlos, corregirlos y descargarlos cuando quiera.",
        required=True,
        error_messages={"required": "Para guardar su ficha debe aceptar el uso de sus datos."},
    )


class EnterpriseForm(forms.Form):
    rut = RutFormField(label="RUT")
    legal_name = forms.CharField(label="Razón social", max_length=200)
    trade_name = forms.CharField(label="Nombre de fantasía", max_length=200, required=False)
    legal_form = forms.ChoiceField(label="Forma jurídica", choices=list(LEGAL_FORMS.items()))
    has_activity_start = forms.ChoiceField(label="¿Tiene inicio de actividades?", choices=TRI_STATE, required=False)
    activity_start_date = forms.DateField(label="Fecha de inicio de actividades", required=False, widget=DATE)
    activity = forms.CharField(
        label="Código de actividad SII principal", max_length=6, required=False, help_text="Seis dígitos, p. ej. 107100"
    )
    commune = forms.ChoiceField(label="Comuna de la casa matriz", required=False)
    email = forms.EmailField(label="Correo electrónico", required=False)
    phone = forms.CharField(label="Teléfono", max_length=30, required=False)
    registries = forms.MultipleChoiceField(
        label="Registros sectoriales",
        choices=list(REGISTRIES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label="Motivo del cambio", max_length=300, help_text="Queda en el registro de auditoría.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = commune_choices()

    @staticmethod
    def initial_for(enterprise) -> dict:
        return {
            "rut": enterprise.rut,
            "legal_name": enterprise.legal_name,
            "trade_name": enterprise.trade_name,
            "legal_form": enterprise.legal_form,
            "has_activity_start": tri_state(enterprise.has_activity_start),
            "activity_start_date": enterprise.activity_start_date,
            "activity": enterprise.activity_id or "",
            "commune": enterprise.commune_id or "",
            "email": enterprise.email,
            "phone": enterprise.phone,
            "registries": enterprise.registries,
        }

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        data["has_activity_start"] = {"si": True, "no": False}.get(data.get("has_activity_start"))
        return data


class CooperativeForm(forms.Form):
    cooperative_class = forms.ChoiceField(label="Clase de cooperativa", choices=list(COOPERATIVE_CLASSES.items()))
    registry_number = forms.CharField(label="Rol (registro de cooperativas)", max_length=30, required=False)
    constitution_date = forms.DateField(label="Fecha de constitución", required=False, widget=DATE)
    members_men = forms.IntegerField(label="Socios hombres", min_value=0, max_value=MAX_COUNT, initial=0)
    members_women = forms.IntegerField(label="Socias mujeres", min_value=0, max_value=MAX_COUNT, initial=0)
    members_other = forms.IntegerField(
        label="Otros socios (personas jurídicas o sin sexo informado)", min_value=0, max_value=MAX_COUNT, initial=0
    )
    in_good_standing = forms.ChoiceField(label="¿Vigente?", choices=TRI_STATE, required=False)
    standing_checked_on = forms.DateField(label="Vigencia revisada el", required=False, widget=DATE)
    reason = forms.CharField(label="Motivo del cambio", max_length=300, help_text="Queda en el registro de auditoría.")

    @staticmethod
    def initial_for(coop) -> dict:
        if coop is None:
            return {}
        return {
            "cooperative_class": coop.cooperative_class,
            "registry_number": coop.registry_number,
            "constitution_date": coop.constitution_date,
            "members_men": coop.members_men,
            "members_women": coop.members_women,
            "members_other": coop.members_other,
            "in_good_standing": tri_state(coop.in_good_standing),
            "standing_checked_on": coop.standing_checked_on,
        }

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        data["in_good_standing"] = {"si": True, "no": False}.get(data.get("in_good_standing"))
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label="Año", min_value=1900, max_value=2100)
    sales_uf = forms.DecimalField(
        label="Ventas netas del año (UF)",
        min_value=0,
        max_value=MAX_UF,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    employees = forms.IntegerField(label="Trabajadores/as", min_value=0, max_value=MAX_COUNT, required=False)
    wages_clp = forms.IntegerField(
        label="Remuneraciones pagadas en el año (CLP)", min_value=0, max_value=MAX_CLP, required=False
    )
    reason = forms.CharField(label="Motivo", max_length=300, help_text="Queda en el registro de auditoría.")


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="¿Qué contiene el archivo?",
        choices=[("people", "Personas"), ("enterprises", "Empresas (MiPymes)"), ("cooperatives", "Cooperativas")],
    )
    file = forms.FileField(
        label="Archivo CSV o XLSX",
        help_text="CSV separado por ; o , (UTF-8 o Latin-1) o planilla Excel .xlsx; máximo 20 MB. "
        "Primero se valida y se le muestra el informe; nada se escribe hasta que usted confirme.",
    )

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("El archivo pesa más de 20 MB; divídalo en partes.")
        return upload


class SearchForm(forms.Form):
    q = forms.CharField(
        label="RUT o nombre", required=False, max_length=100, help_text="RUT con o sin puntos, o nombre"
    )
    kind = forms.ChoiceField(
        label="Buscar en",
        choices=[("people", "Personas"), ("enterprises", "Empresas"), ("cooperatives", "Cooperativas")],
        required=False,
    )
    commune = forms.ChoiceField(label="Comuna", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "Todas las comunas")] + commune_choices()[1:]


class LinkAccountForm(forms.Form):
    email = forms.EmailField(
        label="Correo de la cuenta de postulante", help_text="La persona debe haber creado su cuenta."
    )
    reason = forms.CharField(
        label="Cómo verificó la identidad",
        max_length=300,
        help_text="Por ejemplo: «cédula a la vista en la oficina de Rancagua». Queda en el registro de auditoría.",
    )


class RepresentationForm(forms.Form):
    rut = RutFormField(label="RUT de la persona", help_text="Debe estar ya en el registro.")
    role = forms.ChoiceField(label="Calidad", choices=list(REPRESENTATION_ROLES.items()))
    since = forms.DateField(label="Desde", required=False, widget=DATE)
