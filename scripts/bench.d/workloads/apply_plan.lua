-- The change the apply section plans: custom:tier = "gold" for every user of the pool,
-- a task.map over ListUsers (cogsh --plan PLAN apply_plan.lua POOL).
local pool = ...
task.map(cognito.each.list_users{ UserPoolId = pool }, function(user)
  cognito.admin_update_user_attributes{ UserPoolId = pool, Username = user.Username,
    UserAttributes = { ["custom:tier"] = "gold" } }
end, { progress = false, label = "plan" })
