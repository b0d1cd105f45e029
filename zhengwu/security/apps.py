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
            "otp_enrolled": "绑定双因素认证", "otp_removed": "关闭双因素认证", "otp_reset": "重置双因素认证",
            "otp_failed": "双因素验证码错误", "otp_backup_used": "使用备用验证码", "otp_backup_codes": "重新生成备用验证码",
            "password_changed": "修改密码",
        }, fields={"username": "用户名", "ip": "IP 地址", "path": "登录入口", "reencrypted": "重新加密行数", "keys": "密钥个数",
                   "sessions": "会话数", "removed": "清除数量", "device": "验证方式", "stage": "环节",
                   "left": "剩余备用验证码"},
            values={"stage": {"login": "登录验证", "enrol": "绑定验证"}})
