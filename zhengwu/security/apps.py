from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "zhengwu.security"
    verbose_name = "安全"

    def ready(self):
        from zhengwu.audit.labels import register

        from . import events

        events.connect()
        register(actions={
            "login": "登录", "logout": "退出登录", "login_failed": "登录失败", "login_lockout": "账号锁定",
            "login_unlock": "解除锁定",
        }, fields={"username": "用户名", "ip": "IP 地址", "path": "登录入口"})
