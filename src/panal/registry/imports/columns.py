"""The columns each import accepts (Spanish headers and their aliases) and what they become."""

KINDS = ("people", "enterprises", "cooperatives")
CHUNK = 2000

# column → (model field, required column, required value). Header aliases map other spellings to these names.
PEOPLE_COLUMNS = {
    "rut": ("rut", True, True),
    "nombres": ("first_names", True, True),
    "apellidos": ("last_names", True, True),
    "email": ("email", False, False),
    "telefono": ("phone", False, False),
    "fecha_nacimiento": ("birth_date", False, False),
    "sexo": ("sex", False, False),
    "nacionalidad": ("nationality", False, False),
    "comuna": ("commune", False, False),
    "inicio_actividades": ("has_activity_start", False, False),
    "fecha_inicio_actividades": ("activity_start_date", False, False),
    "registros": ("registries", False, False),
}
ENTERPRISE_COLUMNS = {
    "rut": ("rut", True, True),
    "razon_social": ("legal_name", True, True),
    "nombre_fantasia": ("trade_name", False, False),
    "forma_juridica": ("legal_form", False, False),
    "inicio_actividades": ("has_activity_start", False, False),
    "fecha_inicio_actividades": ("activity_start_date", False, False),
    "actividad": ("activity", False, False),
    "comuna": ("commune", False, False),
    "email": ("email", False, False),
    "telefono": ("phone", False, False),
    "registros": ("registries", False, False),
    "anio": ("year", False, False),
    "ventas_uf": ("sales_uf", False, False),
    "trabajadores": ("employees", False, False),
    "remuneraciones_clp": ("wages_clp", False, False),
    "rut_representante": ("representative", False, False),
}
COOPERATIVE_COLUMNS = {
    "rut": ("rut", True, True),
    "razon_social": ("legal_name", True, True),
    "rol": ("registry_number", True, False),
    "clase": ("cooperative_class", True, True),
    "region": ("region", True, False),
    "comuna": ("commune", True, True),
    "socios_hombres": ("members_men", True, False),
    "socias_mujeres": ("members_women", True, False),
    "fecha_constitucion": ("constitution_date", True, False),
    "vigente": ("in_good_standing", True, False),
    "otros_socios": ("members_other", False, False),
    "fecha_revision_vigencia": ("standing_checked_on", False, False),
    "nombre_fantasia": ("trade_name", False, False),
    "actividad": ("activity", False, False),
    "email": ("email", False, False),
    "telefono": ("phone", False, False),
    "registros": ("registries", False, False),
}
COLUMNS = {"people": PEOPLE_COLUMNS, "enterprises": ENTERPRISE_COLUMNS, "cooperatives": COOPERATIVE_COLUMNS}
HEADER_ALIASES = {
    "correo": "email",
    "correo_electronico": "email",
    "e_mail": "email",
    "fono": "telefono",
    "nombre": "nombres",
    "razon": "razon_social",
    "nombre_de_fantasia": "nombre_fantasia",
    "codigo_actividad": "actividad",
    "actividad_sii": "actividad",
    "codigo_comuna": "comuna",
    "ano": "anio",
    "year": "anio",
    "ventas": "ventas_uf",
    "ventas_anuales_uf": "ventas_uf",
    "empleados": "trabajadores",
    "remuneraciones": "remuneraciones_clp",
    "socias": "socias_mujeres",
    "socios_mujeres": "socias_mujeres",
    "socios": "socios_hombres",
    "fecha_de_constitucion": "fecha_constitucion",
    "fecha_de_nacimiento": "fecha_nacimiento",
    "sexo_registral": "sexo",
    "rol_cooperativa": "rol",
}
LABELS = {"people": "personas", "enterprises": "empresas", "cooperatives": "cooperativas"}
