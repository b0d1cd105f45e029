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
            "login_unlock": "解除锁定", "data_keys_rotate": "个人信息密钥轮换", "session_end": "结束会话",
        }, fields={"username": "用户名", "ip": "IP 地址", "path": "登录入口", "reencrypted": "重新加密行数", "keys": "密钥个数",
                   "sessions": "会话数", "removed": "清除失败记录数"})
