from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "toasoan.compliance"
    label = "compliance"
    verbose_name = "Báo cáo tuân thủ"
    default_auto_field = "django.db.models.BigAutoField"
